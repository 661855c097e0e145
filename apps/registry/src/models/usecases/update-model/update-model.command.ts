import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { UpdateModelDto } from '../../dtos/update-model.dto';
import { ModelChangeCommand } from '../../models.command';

export class UpdateModelCommand extends ModelChangeCommand {
  @ValidateNested() @Type(() => UpdateModelDto) input!: UpdateModelDto;
}
